# Handoff: one process serving Slack, the REST API and the Bitrix24 handlers; SQLite in /data by default,
# MongoDB when MONGODB_URL is set (docker-compose.yml runs two replicas that way).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production TZ=UTC DATABASE_PATH=/data/handoff.db PORT=3000
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/storage/migrations ./storage/migrations
COPY package.json ./
# The SQLite file (and its WAL) lives in /data: created here and owned by the runtime user, so a fresh named volume
# mounted there is writable by it (Docker copies the folder's owner into an empty volume).
RUN mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 3000
USER node
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/bot/main.js"]
