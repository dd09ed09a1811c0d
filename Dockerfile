# syntax=docker/dockerfile:1
# One image for all four services; docker-compose.yml picks the service with SERVICE=<app name>.
#   docker build -t lead-backend .   &&   docker run -e SERVICE=referrals -e DATABASE_URL=... lead-backend
ARG NODE_VERSION=20.19

# --- manifests: only package.json / package-lock.json files, so `npm ci` is cached until dependencies change
FROM node:${NODE_VERSION}-bookworm-slim AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
    | xargs -I{} cp --parents {} /manifests

# --- build: install everything, compile (tsc -b), then drop dev dependencies
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- runtime
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SERVICE=referrals \
    HTTP_PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/libs ./libs
COPY --from=build --chown=node:node /app/apps ./apps
# Jurisdiction protocols and offense catalogues: the referrals and prosecution services load them at start-up.
# Not config/dev-keys: a production image never ships the development keys.
COPY --from=build --chown=node:node /app/config/jurisdictions ./config/jurisdictions
COPY --from=build --chown=node:node /app/config/offenses ./config/offenses
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec node --enable-source-maps apps/${SERVICE}/dist/main.js"]
