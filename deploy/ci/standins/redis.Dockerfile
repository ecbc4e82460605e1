# CI's stand-in for the official redis image: Debian's Redis 7.0, run as the redis user,
# its working directory /data; protected mode off, as the official image builds it.
ARG BASE
FROM ${BASE}
RUN mkdir -p /data && chown redis:redis /data
WORKDIR /data
USER redis
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
