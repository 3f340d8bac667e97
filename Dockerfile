# NN Maths Lab: the production image.
#   docker build -t nn-maths-lab .
#   docker run --rm -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')" nn-maths-lab
# Streamlit listens on every interface of the container when server.address is left unset (as here),
# so `-p 8501:8501` reaches it; outside a container, bind it to loopback behind a proxy (deploy/nginx.conf).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The production settings are the app's own .streamlit/config.toml (copied below with the app): headless, no
# file watcher, XSRF protection, no tracebacks shown, upload limit. STREAMLIT_* variables would override it:
# set only STREAMLIT_SERVER_COOKIE_SECRET, at run time, the same value on every replica; never bake it in.
ENV STREAMLIT_SERVER_PORT=8501

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt

# The app itself (.dockerignore keeps out the venv, tests, caches, secrets and the deployment files).
COPY . ./

USER 10001:10001
EXPOSE 8501
# One BLAS thread: the app's matrices are small; threads would only compete with other sessions for the cores.
ENV OPENBLAS_NUM_THREADS=1

# No curl in the slim image: the health check is Python's own urllib.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "app.py"]
