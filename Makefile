# Throughline: `make run` builds and runs the main job on sample-data/; `make test` is the CI gate.
GO        ?= go
BIN       := bin/throughline
AS_OF     ?= 2026-11-27
ECHARTS   := internal/site/assets/echarts.min.js

.PHONY: all build run test bench assets clean fuzz examples

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

# Each example converts public data read in place (never copied into the
# repository) and builds it; GMPP_DIR is the UK major projects data.
GMPP_DIR  ?= ../shared/realdata/gmpp
examples: build
	$(GO) run ./examples/uk-major-projects -in $(GMPP_DIR) -out examples/uk-major-projects/input
	./$(BIN) build --config examples/uk-major-projects/throughline.toml --input examples/uk-major-projects/input \
		--out examples/uk-major-projects/site --as-of 2025-03-31

bench: assets
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin site .site.releases .site.lock node_modules $(ECHARTS)
