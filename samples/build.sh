#!/usr/bin/env bash
# Rebuilds every model in samples/ with nntool, byte for byte: fixed seeds, no shuffling where
# the tutorial has none, and no creation time (SOURCE_DATE_EPOCH is unset). CI runs this and
# fails if any file under samples/ changes (.ci/samples.sh).
#
#   bash samples/build.sh            # builds nntool (debug, as `swift test` does), then the models
#   NNTOOL=/path/to/nntool bash samples/build.sh
#
# nntool is the debug build: `swift test` has already compiled most of it, so this adds seconds,
# not the minutes a release build takes. The models do not depend on the build mode (f64
# arithmetic in the same order through the same libm; a release nntool gives the same bytes).
set -euo pipefail
cd "$(dirname "$0")"
unset SOURCE_DATE_EPOCH
if [[ -z "${NNTOOL:-}" ]]; then
  (cd .. && swift build --product nntool >&2)
  NNTOOL="$(cd .. && swift build --show-bin-path)/nntool"
fi
nntool() { "$NNTOOL" "$@"; }

# The tutorial's hand-set networks: written by hand as JSON, converted to the binary encoding.
for name in neuron network backprop zero; do
  nntool convert "tutorial/$name.json" "tutorial/$name.nnm"
done

# gender: the tutorial's training run on its four people, in raw pounds and inches. 2-2-1
# sigmoid, MSE, SGD with learning rate 0.1, 1000 epochs, one sample at a time, in the table's
# order, weights drawn from a normal distribution as the tutorial's np.random.normal() does.
# Inputs are shifted as the tutorial shifts them: weight minus 135, height minus 66.
nntool train --data gender.csv --target gender --features weight_lb,height_in \
  --hidden 2 --activation sigmoid --loss mse --optimizer sgd --lr 0.1 --epochs 1000 \
  --batch-size 1 --validation 0 --no-shuffle --init normal --normalize shift=135,66 --positive F --seed 1 \
  --name gender --description "The tutorial's 2-2-1 sigmoid network trained on its four people: weight (lb) and height (in) to gender, F or M." \
  --quiet --out gender.nnm
nntool meta gender.nnm set-feature 1 --name weight --unit lb
nntool meta gender.nnm set-feature 2 --name height --unit in
nntool convert gender.nnm gender.json

# xor: exclusive or, which one neuron cannot learn; 2-4-1, sigmoid output, cross-entropy.
nntool train --data xor.csv --target xor --task binary --hidden 4 --activation sigmoid \
  --optimizer sgd --lr 0.5 --epochs 2000 --batch-size 1 --validation 0 \
  --normalize none --seed 1 --name xor \
  --description "Exclusive or of two bits: 2-4-1 sigmoid network; output 1 when exactly one input is 1." \
  --quiet --out xor.nnm
nntool convert xor.nnm xor.json

# iris: Fisher's iris flowers, 4 measurements to 3 species; 4-8-3, sigmoid hidden layer,
# softmax output, categorical cross-entropy, standardized inputs, shuffled SGD.
nntool train --data iris.csv --target species --hidden 8 --activation sigmoid \
  --normalize standard --optimizer sgd --lr 0.05 --epochs 300 --batch-size 1 --validation 0 \
  --seed 1 --name iris \
  --description "Fisher's iris data: sepal and petal length and width (cm) to species; 4-8-3 softmax classifier." \
  --quiet --out iris.nnm
nntool convert iris.nnm iris.json

# Pictures (docs/pictures.md): the networks, their loss curves and decision maps, and one HTML
# report. people.csv is the tutorial's four people and the two it asks about, Emily and Frank.
mkdir -p pictures
nntool draw gender.nnm --out pictures/gender-network.svg
nntool draw gender.nnm --input 128,63 --out pictures/gender-network-emily.svg
nntool plot gender.nnm --out pictures/gender-loss.svg
nntool plot gender.nnm --boundary --data people.csv --label name --out pictures/gender-map.svg
nntool report gender.nnm --data people.csv --label name --out pictures/gender-report.html
nntool draw xor.nnm --out pictures/xor-network.svg
nntool plot xor.nnm --log --out pictures/xor-loss.svg
nntool plot xor.nnm --boundary --data xor.csv --out pictures/xor-map.svg
nntool draw iris.nnm --out pictures/iris-network.svg
nntool plot iris.nnm --out pictures/iris-loss.svg
nntool plot iris.nnm --boundary --data iris.csv --x petal_length_cm --y petal_width_cm \
  --out pictures/iris-map.svg
