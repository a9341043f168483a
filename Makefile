# Convenience targets. The README's two commands need none of them.
PY ?= .venv/bin/python
DATA ?= ../shared/data/corpora
OUT ?= training/out
MODEL_DIR = src/backchannel/models/en_backchannel_core
THREADS = OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: demo test model corpus train-syntax train-ner assemble bench

demo:
	python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/backchannel analyze examples/articles --db backchannel.sqlite

test:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q

# Retrain the shipped pipeline from ../shared/data/corpora (about 90 minutes on 2 cores: the two
# training runs take one core each). Rarely: every retrain adds the model's size to the history.
model: corpus
	$(MAKE) -j2 train-syntax train-ner
	$(MAKE) assemble

corpus:
	$(PY) training/corpus.py --data $(DATA) --out training/corpus

train-syntax:
	$(THREADS) $(PY) -m spacy train training/syntax.cfg --paths.train training/corpus/train.spacy \
	  --paths.dev training/corpus/dev.spacy -o $(OUT)/syntax

train-ner:
	$(THREADS) $(PY) -m spacy train training/ner.cfg --paths.train training/corpus/train.spacy \
	  --paths.dev training/corpus/dev.spacy -o $(OUT)/ner

assemble:
	$(PY) training/assemble.py --syntax $(OUT)/syntax/model-best --ner $(OUT)/ner/model-best --out $(MODEL_DIR)

bench:
	$(PY) benchmarks/model.py --data $(DATA)
