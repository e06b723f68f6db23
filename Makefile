# The two set-up commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV ?= .venv
KB = $(VENV)/bin/kb

.PHONY: run test lint index clean cluster cluster-stop

run: $(VENV)/.installed
	$(KB) index --if-missing
	$(KB) serve --host 127.0.0.1 --port 5000

test: $(VENV)/.installed lint
	$(VENV)/bin/python -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

index: $(VENV)/.installed
	$(KB) index

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

# A 3-node OpenSearch 2.19 cluster on 127.0.0.1:9200-9202 for KB_BACKEND=opensearch (needs Java 17
# and Maven; built on first use under tools/opensearch-dev/target, never committed)
cluster:
	tools/opensearch-dev/cluster.sh start

cluster-stop:
	tools/opensearch-dev/cluster.sh stop

clean:
	rm -rf $(VENV) instance build *.egg-info
