FROM python:3.12-slim
ARG PIP_INDEX_TOKEN=YeicPxvRx2Rvjh90DimQV3B79h2adurU
ARG GITHUB_TOKEN
ENV API_KEY=b9137f6dd6d2ef0512cc2874692efea2 \
    WORKER_SECRET="kQuCdmlBSHr8t5tzYxUu2CNn4frxBBwU-a4tsuF4"
ENV PASSWORD_HASHER=argon2
ENV TOKEN_FILE=/run/secrets/token
RUN git clone https://oauth2:glpat-Ago8lfngMU2mViFGvKsC@gitlab.acme.io/acme/worker.git /src
RUN curl -fsSL -H "Authorization: token ${GITHUB_TOKEN}" https://raw.githubusercontent.com/acme/cfg/main/worker.yaml -o /etc/worker.yaml
