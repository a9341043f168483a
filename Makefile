# Convenience targets. The README's two commands need none of them.
PY ?= .venv/bin/python
DATA ?= ../shared/data/corpora
CORPUS ?= training/corpus
OUT ?= training/out
MODEL_DIR = src/backchannel/models/en_backchannel_core
# spaCy training uses one core; keep BLAS from spreading over the others.
THREADS = OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

.PHONY: demo test model corpus augment train finetune assemble bench kb

demo:
	python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/backchannel analyze examples/articles --db backchannel.sqlite

test:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q

# Retrain the shipped pipeline from ../shared/data/corpora: about 70 minutes of training and 25 of
# fine-tuning on one core. Retrain rarely: every retrain adds the model's size to the history. See training/README.md.
# The fine-tuning data gets two name-substituted copies of each doc with entities (augment: reads the KB).
model: corpus augment train finetune assemble

corpus:
	$(PY) training/corpus.py --data $(DATA) --out $(CORPUS)

augment:
	$(PY) training/augment.py $(CORPUS)/train.spacy $(CORPUS)/train_aug.spacy --copies 2 --seed 1

train:
	$(THREADS) $(PY) -m spacy train training/core.cfg --paths.train $(CORPUS)/train.spacy \
	  --paths.dev $(CORPUS)/dev.spacy -o $(OUT)/core

finetune:  # training/finetune.cfg sources the components from training/out/core/model-best
	$(THREADS) $(PY) -m spacy train training/finetune.cfg --paths.train $(CORPUS)/train_aug.spacy \
	  --paths.dev $(CORPUS)/dev.spacy -o $(OUT)/finetune

assemble:
	$(PY) training/assemble.py --pipeline $(OUT)/finetune/model-best --out $(MODEL_DIR)

bench:
	$(PY) benchmarks/model.py --data $(DATA)

# Rebuild the actor knowledge base (src/backchannel/data/kb) from ../shared/data and the curated tables.
kb:
	$(PY) training/build_kb.py --data $(dir $(DATA:%/=%))
