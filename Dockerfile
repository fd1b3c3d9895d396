# Samplan: one image with the server and the built client.
# Node 24 (LTS): Node 20 is out of support since 30 April 2026 (package.json's engines).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY schema/package.json schema/
COPY server/package.json server/
COPY client/package.json client/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Without the build tools (pruned above) `npm run setup/import/migrate` cannot build here: the
# operator's commands run built, e.g. `node server/dist/setup-cli.js …` (README.md, Drift).
FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 4000
# The process, not the database: /readyz is the load balancer's. With /readyz here every
# container turned unhealthy during a database outage, and an orchestrator that replaces
# unhealthy containers replaced them all, though each rides out the outage by itself.
HEALTHCHECK CMD node -e "fetch('http://localhost:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server/dist/main.js"]
