-- Run once by the official postgres image on an empty volume: one database per app,
-- in the one server (docker-compose.yml mounts this into /docker-entrypoint-initdb.d/).
CREATE DATABASE news_django;
CREATE DATABASE news_flask;
