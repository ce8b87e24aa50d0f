# The two set-up commands of the README, and the longer runs it names.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-extraction bench-variants bench-scale mutation clean-venv

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
bench: bench-extraction bench-variants

bench-extraction: $(STAMP)
	$(BIN)/python bench/extraction_bench.py

bench-variants: $(STAMP)
	$(BIN)/python bench/variants_bench.py

## make bench-scale: synthetic crawls of 1,000 and 10,000 pages through add, search and
## reindex (about 6 minutes on 2 cores; `bench/scale/run.py 100000` for the largest size).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale/run.py 1000 10000

## make mutation: plant small bugs in the modules that decide quality, one at a time, and count
## those the tests catch (cosmic-ray). All modules take hours on 2 cores; name some with
## `make mutation MODULES="noise dedupe"` (bench/mutation.py lists them).
MODULES ?=
mutation: $(STAMP)
	$(BIN)/pip install --quiet -e '.[mutation]'
	$(BIN)/python bench/mutation.py $(MODULES)

clean-venv:
	rm -rf $(VENV)
