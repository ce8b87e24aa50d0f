# The two set-up commands of the README, and the longer runs it names.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-names bench-extraction bench-variants bench-names-external bench-names-leaveout bench-names-news bench-scale clean-venv

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
	$(BIN)/python bench/variants_bench.py $(ARGS)

## make bench-names: every name benchmark (about a quarter of an hour on 2 idle cores).
bench-names: bench-variants bench-names-external bench-names-leaveout bench-names-news

## Names on public pairs (../shared/bench/names-external), test parts: all of google's,
## 2,000 rows of wikidata's. ARGS passes options, e.g. ARGS="--split dev --no-curated".
bench-names-external: $(STAMP)
	$(BIN)/python bench/names_external_bench.py $(ARGS)

## Names the gazetteer lacks: 5 folds of GeoNames places left out of it, each place's names
## searched (ARGS="--places 1000" for a quicker run, "--no-curated").
bench-names-leaveout: $(STAMP)
	$(BIN)/python bench/gazetteer_leaveout_bench.py $(ARGS)

## Name searches in an archive that also holds ~1,250 real news pages (../shared/bench/extraction):
## returned articles holding no spelling of the name (ARGS="--split dev", "--no-curated").
bench-names-news: $(STAMP)
	$(BIN)/python bench/names_news_bench.py $(ARGS)

## make bench-scale: synthetic crawls of 1,000 and 10,000 pages through add, search and
## reindex (about 6 minutes on 2 cores; `bench/scale/run.py 100000` for the largest size).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale/run.py 1000 10000

clean-venv:
	rm -rf $(VENV)
