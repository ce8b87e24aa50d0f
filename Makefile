# The two set-up commands of the README, and the longer runs it names.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-extraction bench-realpages bench-dumps bench-variants bench-scale clean-venv

# Install the project and its test tools into .venv. camel-tools needs torch:
# torch==2.13.0 is installed first, so that pip takes the CPU build and never
# a multi-GB CUDA one.
$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## make demo: install, add the shipped corpus to the default archive, search it.
demo: $(STAMP)
	$(BIN)/khabar add corpus/
	$(BIN)/khabar search Qamishlo

## make test: install and run the test suite (CI runs exactly this).
test: $(STAMP)
	$(BIN)/pytest -q

## make bench: the quality benchmarks (minutes; not part of the tests).
bench: bench-extraction bench-realpages bench-variants

bench-extraction: $(STAMP)
	$(BIN)/python bench/extraction_bench.py

## make bench-realpages: body text on trafilatura's 945 evaluation pages and publication
## dates on htmldate's 978 pages, khabar beside trafilatura and htmldate (about 10 minutes).
bench-realpages: $(STAMP)
	$(BIN)/python bench/realpages_bench.py

## make bench-dumps: the same pages dumped by lynx, w3m, html2text and pandoc (Debian
## packages, installed with apt-get when missing: needs root) and cleaned as text dumps.
DUMP_TOOLS := lynx w3m html2text pandoc
bench-dumps: $(STAMP)
	@missing=""; for tool in $(DUMP_TOOLS); do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then apt-get install -y --no-install-recommends $$missing; fi
	$(BIN)/python bench/dumps_bench.py --limit 200

bench-variants: $(STAMP)
	$(BIN)/python bench/variants_bench.py

## make bench-scale: synthetic crawls of 1,000 and 10,000 pages through add, search and
## reindex (about 6 minutes on 2 cores; `bench/scale/run.py 100000` for the largest size).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale/run.py 1000 10000

clean-venv:
	rm -rf $(VENV)
