# syntax=docker/dockerfile:1

# One image for both processes: the referral API (default command) and the notification worker
# (docker-compose.yml overrides the command).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Some dependencies report installs to an analytics endpoint; this service handles victims' data
# and its builds stay quiet.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY config ./config
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only, installed for this image's platform: the KurrentDB client's native
# bridge and msgpackr's prebuilt addon are picked per OS and CPU, so they are not copied from the
# build stage.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# DATA_DIR for the embedded store when the image runs without a database server.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000 3001
CMD ["node", "dist/apps/referral-api/src/main.js"]
