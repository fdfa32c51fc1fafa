#!/bin/bash -eu
# Builds every kdual fuzz target with the compiler, sanitizer and fuzzing
# engine ClusterFuzzLite chooses ($CXX, $CXXFLAGS, $LIB_FUZZING_ENGINE), and
# ships each target's dictionary and seed corpus beside it.
cd "$SRC/kdual"
cmake -S . -B build/cflite -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DKDUAL_BUILD_TESTS=OFF \
  -DKDUAL_LIBFUZZER=ON \
  -DKDUAL_SANITIZE=OFF \
  -DKDUAL_FUZZ_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build build/cflite --target all_fuzzers
while read -r t; do
  cp "build/cflite/fuzz/$t" "$OUT/"
  if [ -f "fuzz/$t.dict" ]; then cp "fuzz/$t.dict" "$OUT/$t.dict"; fi
  if [ -d "fuzz/corpus/$t" ]; then (cd "fuzz/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .); fi
done <build/cflite/fuzz/fuzzers.txt
