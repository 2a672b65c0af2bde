# PostTLS - make targets for building, testing and installing (see README.md).
#
#   make build       compile everything (Debug)
#   make publish     the install artefact: the native posttls in $(PUBLISH_DIR)
#   make publish-portable  the same, linked against a Debian 11 root (built once by
#                    tests/matrix/root.sh, root only): runs on glibc 2.31 and later
#   make deb         posttls_<version>_amd64.deb in $(DEB_DIR) from the portable build
#                    (packaging/deb/build.sh; needs dpkg-deb; tests/deb/run.sh tests it)
#   make test        the whole test suite (root: sudo make test; runs ./test.sh)
#   make demo        the one-command demo (root: sudo make demo; runs ./demo.sh)
#   make install     publish, then install into /usr/local (root; runs ./install.sh)
#   make uninstall   remove it again, keeping configuration, key and database (root)

PUBLISH_DIR ?= artifacts/publish
DEB_DIR ?= artifacts
DOTNET ?= dotnet

.PHONY: all build publish publish-portable deb test demo install uninstall clean

all: build

build:
	$(DOTNET) build PostTls.sln -c Debug --nologo

publish:
	$(DOTNET) publish src/PostTls -c Release -o $(PUBLISH_DIR) --nologo

# Linked against Debian 11 (glibc 2.31, SQLite 3.34) instead of this machine, so that the one binary
# runs on Debian 11, 12 and 13 (the version matrix proves it) and distributions of that age.
publish-portable:
	root=$$(tests/matrix/root.sh bullseye) && \
	$(DOTNET) publish src/PostTls -c Release -o $(PUBLISH_DIR) --nologo -p:SysRoot=$$root

# The package carries the portable build, so that it installs on Debian 11, 12 and 13 alike.
deb: publish-portable
	packaging/deb/build.sh $(PUBLISH_DIR) $(DEB_DIR)

test:
	./test.sh

demo: publish
	./demo.sh --from $(PUBLISH_DIR)

install: publish
	./install.sh --from $(PUBLISH_DIR)

uninstall:
	./uninstall.sh

clean:
	rm -rf $(PUBLISH_DIR)
	$(DOTNET) clean PostTls.sln --nologo -v quiet
