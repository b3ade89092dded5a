# Two commands on a fresh machine with Python 3.11 and make:
#   make demo   set up, ingest examples/, export, draw, answer a few questions
#   make test   set up with the test extras, run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := .labourkg
OUT    := out
BENCH_SIZE ?= 1000
BENCH_ARGS ?=

.PHONY: demo test venv fuzz bench evaluate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

demo: $(VENV)/.installed
	rm -rf $(STORE) $(OUT)
	mkdir -p $(OUT)
	$(BIN)/labourkg ingest examples/ --store $(STORE)
	$(BIN)/labourkg export --store $(STORE) -f turtle -o $(OUT)/graph.ttl
	$(BIN)/labourkg export --store $(STORE) -f trig -o $(OUT)/graph.trig
	$(BIN)/labourkg viz --store $(STORE) -o $(OUT)/network.html
	$(BIN)/labourkg stats --store $(STORE)
	$(BIN)/labourkg query officials --store $(STORE)
	$(BIN)/labourkg query agreements --store $(STORE)
	$(BIN)/labourkg query meetings --store $(STORE)
	$(BIN)/labourkg query chain --store $(STORE)
	@echo "open $(OUT)/network.html in a browser; the graph is in $(OUT)/graph.ttl"

test: $(VENV)/.installed-test
	$(BIN)/pytest

# property tests of tests/test_fuzz.py with many more examples; prints the inputs tried
FUZZ_EXAMPLES ?= 5000
fuzz: $(VENV)/.installed-test
	LABOURKG_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/test_fuzz.py -q -s -p no:cacheprovider

evaluate: $(VENV)/.installed
	../shared/corpus/evaluate.sh

# make bench BENCH_SIZE=10000 [BENCH_ARGS="--skip-rdflib --keep --workdir /tmp/b"]: see bench/README.md
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[distributed]'
	touch $@ $(VENV)/.installed

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py --size $(BENCH_SIZE) $(BENCH_ARGS)

clean:
	rm -rf $(STORE) $(OUT) build dist *.egg-info
