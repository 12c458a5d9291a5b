# iggy-connectors image (packages/connectors). Build from the repository root:
#   docker build -f docker/connectors.Dockerfile -t iggy-node-connectors .
#   docker run -p 8081:8081 -v $PWD/my_config:/config -v connectors-state:/state \
#     -e IGGY_CONNECTORS_CONFIG_PATH=/config/config.toml iggy-node-connectors
# Without a mounted config it runs the example (random source -> stdout sink).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages/ packages/
RUN npm ci && npx tsc -b packages/connectors && node packages/protocol/scripts/bundle.mjs && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    IGGY_CONNECTORS_CONFIG_PATH=/app/packages/connectors/example_config/config.toml \
    IGGY_CONNECTORS_HTTP_ADDRESS=0.0.0.0:8081 \
    IGGY_CONNECTORS_IGGY_ADDRESS=iggy:8090 \
    IGGY_CONNECTORS_STATE_PATH=/state
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules/ node_modules/
COPY --from=build /app/packages/protocol/package.json packages/protocol/
COPY --from=build /app/packages/protocol/dist/ packages/protocol/dist/
COPY --from=build /app/packages/protocol/native/ packages/protocol/native/
COPY --from=build /app/packages/sdk/package.json packages/sdk/
COPY --from=build /app/packages/sdk/dist/ packages/sdk/dist/
COPY --from=build /app/packages/tool-support/package.json packages/tool-support/
COPY --from=build /app/packages/tool-support/dist/ packages/tool-support/dist/
COPY --from=build /app/packages/connectors/package.json packages/connectors/
COPY --from=build /app/packages/connectors/dist/ packages/connectors/dist/
COPY --from=build /app/packages/connectors/example_config/ packages/connectors/example_config/
VOLUME /state
EXPOSE 8081
# SIGTERM stops every connector after its current batch and commits what was acknowledged.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "packages/connectors/dist/src/main.js"]
