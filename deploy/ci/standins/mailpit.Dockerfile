# CI's stand-in for the axllent/mailpit image: aiosmtpd on port 1025, printing every mail it
# accepts to its log (no web page; CI only needs the apps' mails to be accepted).
ARG BASE
FROM ${BASE}
RUN pip install --no-cache-dir aiosmtpd==1.4.6
EXPOSE 1025
CMD ["python", "-m", "aiosmtpd", "--nosetuid", "--listen", "0.0.0.0:1025"]
