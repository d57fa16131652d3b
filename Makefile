# medsynth: two commands on a fresh Debian machine.
#   make demo   install what is missing, build in release mode, run the main job on the embedded default data
#   make test   install what is missing, then run the whole test suite
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
DEMO_OUT ?= demo-output

# System libraries and tools medsynth links or uses (Debian package names).
APT_PACKAGES := libdcmtk-dev dcmtk zlib1g-dev libpng-dev libopenblas-dev liblapacke-dev \
                libopenjp2-7-dev libtesseract-dev tesseract-ocr-eng dcm2niix dicom3tools mricron-data hyperfine pkg-config

# Debian's OpenBLAS 0.3.21 detects recent Xeons as "Prescott" (about 6x slower SGEMM);
# name the kernel when the CPU has AVX-512.
ifneq ($(shell grep -m1 -o avx512f /proc/cpuinfo 2>/dev/null),)
export OPENBLAS_CORETYPE ?= SkylakeX
endif

.PHONY: deps build demo test clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "system packages: all present"; fi

build: deps
	$(SWIFT) build -c release

demo: build
	./.build/release/medsynth demo --out $(DEMO_OUT)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build $(DEMO_OUT)
