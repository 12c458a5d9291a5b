// Positional argument specs shared by the commands; ids take a number or a name, as in Iggy's CLI.
export const streamIdArg = { type: 'string', demandOption: true, describe: 'Stream ID or name' } as const;
export const topicIdArg = { type: 'string', demandOption: true, describe: 'Topic ID or name' } as const;
export const partitionIdArg = { type: 'string', demandOption: true, describe: 'Partition ID' } as const;
export const groupIdArg = { type: 'string', demandOption: true, describe: 'Consumer group ID or name' } as const;
export const userIdArg = { type: 'string', demandOption: true, describe: 'User ID or name' } as const;
export const nameArg = { type: 'string', demandOption: true, describe: 'Name' } as const;
