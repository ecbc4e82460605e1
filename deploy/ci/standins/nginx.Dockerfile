# CI's stand-in for the official nginx image: Debian's nginx 1.22 (and curl, which the
# official image has too), the same paths: conf.d/ for the site, logs to the container's
# output, no default site.
ARG BASE
FROM ${BASE}
RUN rm -f /etc/nginx/sites-enabled/default \
    && ln -sf /dev/stdout /var/log/nginx/access.log \
    && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
# As the official image: SIGQUIT is nginx's graceful stop.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
