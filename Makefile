# Installs the tools: `make install` (PREFIX=/usr/local by default; DESTDIR for staging),
# `make uninstall`. The work is done by scripts/install.sh, which lists every installed file.
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all install uninstall

all:
	bash scripts/install.sh build

install:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash scripts/install.sh install

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" bash scripts/install.sh uninstall
