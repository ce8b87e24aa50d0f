# The two set-up commands of the README, and the longer runs it names.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-extraction bench-realpages bench-encoding bench-icu bench-dumps bench-variants bench-names bench-names-external bench-names-leaveout bench-names-news fit-names bench-scale bench-realpages-speed bench-spark mutation clean-venv

# Install the project, its test tools and PySpark (`khabar[spark]`: the --spark tests need Java
# 17+) into .venv. camel-tools declares torch (khabar never imports it): torch==2.13.0 is
# installed first, from TORCH_INDEX when given, so that pip takes the CPU build. Where no CPU
# wheel is at hand (a local wheel folder or mirror), run
#   make test TORCH_INDEX=https://download.pytorch.org/whl/cpu
# or PyPI's default Linux wheel comes, the CUDA build with its nvidia-* packages.
TORCH_INDEX ?=
$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/pip install --quiet -e '.[test,spark]'
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

## make bench-encoding: every real page of ../shared/bench through the encoding step (the
## encodings chosen, ms a page); ARGS="--against OLD.py" compares another version of it.
bench-encoding: $(STAMP)
	$(BIN)/python bench/encoding_bench.py $(ARGS)

## make bench-icu: ICU's word breaks, Turkish lower case, Latin-ASCII and Arabic-script set
## beside the analysis's own rules, on the corpus (and ../shared's variant spellings).
bench-icu: $(STAMP)
	$(BIN)/python bench/icu_analysis_bench.py

## make bench-dumps: the same pages dumped by lynx, w3m, html2text and pandoc (Debian
## packages, installed with apt-get when missing: needs root) and cleaned as text dumps.
DUMP_TOOLS := lynx w3m html2text pandoc
bench-dumps: $(STAMP)
	@missing=""; for tool in $(DUMP_TOOLS); do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -n "$$missing" ]; then apt-get install -y --no-install-recommends $$missing; fi
	$(BIN)/python bench/dumps_bench.py --limit 200

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

## make fit-names: refit the name layer's data files from public data (../shared/bench/names-external):
## the pair models (indexer/names/data/pair_model.json, about 15 minutes on 2 cores) and the
## common-word list (indexer/lexicon/data/common_words.txt, with wordfreq).
fit-names: $(STAMP)
	$(BIN)/pip install --quiet -e '.[names-fit]'
	$(BIN)/python bench/names/fit_pair_model.py
	$(BIN)/python bench/names/fit_common_words.py

## make bench-scale: synthetic crawls of 1,000 and 10,000 pages through add, search and
## reindex (about 6 minutes on 2 cores; `bench/scale/run.py 100000` for the largest size).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale/run.py 1000 10000

## make bench-realpages-speed: `khabar add` over a WARC of the ~1,100 real pages of
## ../shared/bench/extraction beside trafilatura alone on the same cores (A/B/A), the cleaner's
## CPU ms a page by stage on one core, peak memory (about 5 minutes on 2 cores).
bench-realpages-speed: $(STAMP)
	$(BIN)/python bench/scale/realpages.py

## make bench-spark: `add` beside `add --spark local[2]` and a two-worker standalone cluster on
## the real pages of ../shared/bench/extraction and the synthetic 10,000-page crawl (about 15
## minutes on 2 cores; needs Java 17+).
bench-spark: $(STAMP)
	$(BIN)/python bench/spark_bench.py

## make mutation: plant small bugs in the modules that decide quality, one at a time, and count
## those the tests catch (cosmic-ray). All modules take hours on 2 cores; name some with
## `make mutation MODULES="noise dedupe"` (bench/mutation.py lists them).
MODULES ?=
mutation: $(STAMP)
	$(BIN)/pip install --quiet -e '.[mutation]'
	$(BIN)/python bench/mutation.py $(MODULES)

clean-venv:
	rm -rf $(VENV)
