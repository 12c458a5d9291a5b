# iggy-mcp image (packages/mcp). Build from the repository root:
#   docker build -f docker/mcp.Dockerfile -t iggy-node-mcp .
#   docker run -p 8082:8082 -e IGGY_MCP_IGGY_ADDRESS=iggy:8090 iggy-node-mcp
# Serves MCP over streamable HTTP on 0.0.0.0:8082/mcp; for stdio (an MCP host launching it),
# run with -i -e IGGY_MCP_TRANSPORT=stdio.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.base.json ./
COPY packages/ packages/
RUN npm ci && npx tsc -b packages/mcp && node packages/protocol/scripts/bundle.mjs && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    IGGY_MCP_TRANSPORT=http \
    IGGY_MCP_HTTP_ADDRESS=0.0.0.0:8082 \
    IGGY_MCP_IGGY_ADDRESS=iggy:8090
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
COPY --from=build /app/packages/mcp/package.json packages/mcp/
COPY --from=build /app/packages/mcp/dist/ packages/mcp/dist/
EXPOSE 8082
ENTRYPOINT ["node", "packages/mcp/dist/src/main.js"]
