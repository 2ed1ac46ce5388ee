# Expert Pool: `make run` sets up and serves, `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Links in emails point at the server being started unless PUBLIC_URL says otherwise.
export PUBLIC_URL ?= http://$(HOST):$(PORT)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve test install lint bench clean-venv translations

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch goes first, pinned, so that nothing else pulls in a GPU build.
$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web server and the background worker together (Procfile, run by honcho): Ctrl-C stops both.
run: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) seed --if-empty --demo-users --password-file instance/demo_password
	$(FLASK) index rebuild
	@echo "Open http://$(HOST):$(PORT)/ and sign in as admin@example.org (password above)."
	@echo "Mail: with no MAIL_SERVER set, every email is kept at http://$(HOST):$(PORT)/outbox."
	PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) $(BIN)/honcho start -f Procfile -p $(PORT)

# Production: migrations, then gunicorn (gunicorn.conf.py) and one worker (Procfile.production),
# configured by the environment (DATABASE_URL, RATELIMIT_STORAGE_URI, MAIL_*, ...: README).
serve: $(STAMP)
	$(FLASK) db upgrade
	$(FLASK) index rebuild
	PATH="$(abspath $(BIN)):$$PATH" HOST=$(HOST) $(BIN)/honcho start -f Procfile.production -p $(PORT)

test: $(STAMP) | $(CHROMIUM)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests (tests/browser/) drive Debian's chromium, never a downloaded browser. As
# root, install it (with a Chinese font for the screenshots) when it is missing, in two tries;
# elsewhere they are skipped, saying why (or fail, when BROWSER_TESTS_REQUIRED is set, as in CI).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium for the browser tests"; \
		for try in 1 2; do \
			(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
				chromium fonts-wqy-microhei) >/dev/null && break; \
			sleep 10; \
		done; \
		[ -x $(CHROMIUM) ] || echo "chromium could not be installed" >&2; \
	else \
		echo "no $(CHROMIUM): the browser tests will be skipped (apt-get install chromium)" >&2; \
	fi

# The Chinese catalogue: extract every marked string, merge it into messages.po (translate the
# new entries there: the tests fail while one is missing), and compile the .mo that is committed.
translations: $(STAMP)
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o build/messages.pot .
	$(BIN)/pybabel -q update -i build/messages.pot -d expert_pool/translations -w 100 -N \
		--ignore-obsolete
	$(BIN)/pybabel -q compile -d expert_pool/translations --statistics

lint: $(STAMP)
	$(BIN)/ruff check .

clean-venv:
	rm -rf $(VENV)
