# Throughline: `make run` builds and runs the main job on sample-data/; `make test` is the CI gate.
GO        ?= go
BIN       := bin/throughline
AS_OF     ?= 2026-11-27
ECHARTS   := internal/site/assets/echarts.min.js

.PHONY: all build run test bench bench-scale assets clean fuzz examples

all: build

# ECharts comes from the npm package pinned in package-lock.json and is embedded in the binary.
$(ECHARTS): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	cp node_modules/echarts/dist/echarts.min.js $(ECHARTS)

assets: $(ECHARTS)

build: assets
	$(GO) build -o $(BIN) ./cmd/throughline

run: build
	./$(BIN) build --input sample-data --out site --as-of $(AS_OF)
	@echo "site written to site/ (open site/index.html); board pack: site/board-pack.xlsx"

test: assets
	@unformatted=$$(gofmt -l cmd internal queries reports); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed on:"; echo "$$unformatted"; exit 1; fi
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# The examples read ../shared/realdata in place (never copied into the
# repository); each builds into examples/<name>/site/. The major projects
# example first converts the GMPP snapshots (GMPP_DIR).
GMPP_DIR  ?= ../shared/realdata/gmpp
examples: build
	@for d in examples/uk-treasury-spend examples/us-federal-it; do \
		echo "== $$d"; \
		(cd $$d && ../../$(BIN) build --config throughline.toml --quiet --out site) || exit $$?; \
	done
	@echo "== examples/uk-major-projects"
	$(GO) run ./examples/uk-major-projects -in $(GMPP_DIR) -out examples/uk-major-projects/input
	./$(BIN) build --config examples/uk-major-projects/throughline.toml --input examples/uk-major-projects/input \
		--out examples/uk-major-projects/site --as-of 2025-03-31 --quiet

bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Whole-build benchmark against DuckDB's own read of the same files
# (docs/performance.md). SCALE=397 is about ten million ledger lines.
SCALE   ?= 10
DENSITY ?= 1
RUNS    ?= 3
bench-scale: build
	$(GO) run ./cmd/benchscale --scale $(SCALE) --density $(DENSITY) --runs $(RUNS) --bin $(BIN)

clean:
	rm -rf bin site .site.releases .site.lock node_modules $(ECHARTS) examples/*/site examples/*/.site.*
