# Basalt: the README's set-up is `make run` and `make test`.
.PHONY: all deps build run test check-asan check-tsan clean format

JOBS ?= $(shell nproc)
# ccache: relative paths so that builds of different clones share the cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
DATA_DIR ?= ./data
LISTEN ?= 127.0.0.1:3000

all: build

deps:
	@bash scripts/install-deps.sh

build/build.ninja: CMakeLists.txt CMakePresets.json | deps
	@cmake --preset release >/dev/null

build: deps build/build.ninja
	@cmake --build build -j $(JOBS)

run: build
	@echo "Starting basalt on http://$(LISTEN) (data in $(DATA_DIR))."
	@echo "The admin API key is printed on first start and saved in $(DATA_DIR)/credentials."
	@echo "Try:  curl -H \"Authorization: ApiKey \$$(cat $(DATA_DIR)/credentials 2>/dev/null || echo KEY)\" http://$(LISTEN)/v1/orgs/self/ws"
	@./build/basalt serve --data-dir $(DATA_DIR) --listen $(LISTEN)

test: build
	@bash scripts/run-tests.sh build

check-asan: deps
	@cmake --preset asan >/dev/null && cmake --build build-asan -j $(JOBS)
	@bash scripts/run-tests.sh build-asan

check-tsan: deps
	@cmake --preset tsan >/dev/null && cmake --build build-tsan -j $(JOBS)
	@bash scripts/run-tests.sh build-tsan

format:
	@bash tools/format.sh

clean:
	rm -rf build build-*
