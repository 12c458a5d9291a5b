// High-level consumer and producer built on IggyClient.
export { IggyConsumer, type IggyConsumerOptions, type CommitMode, type ReceivedMessage, type MessageHandler } from './consumer.js';
export { IggyProducer, type IggyProducerOptions } from './producer.js';
