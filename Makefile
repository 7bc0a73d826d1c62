# wagtail-doeners: `make demo` runs the demo site; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEMO_ENV := DJANGO_SETTINGS_MODULE=example_site.settings.dev
# Port of `make demo`; the province Sites (<province>.localhost) are stored with it.
DEMO_PORT ?= 8000
TEST_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://doeners:doeners@127.0.0.1:5432/doeners} \
	DOENERS_TEST_REDIS_URL=$${DOENERS_TEST_REDIS_URL:-redis://127.0.0.1:6379/15} \
	DOENERS_TEST_OPENSEARCH_URL=$${DOENERS_TEST_OPENSEARCH_URL:-http://127.0.0.1:9201}

.PHONY: help demo demo-data test lint services search-node bench-search bench-campaigns \
	bench-evaluation clean messages deploy-cluster deploy-up deploy-down deploy-status

help:
	@echo "make demo    - run the demo site on SQLite at http://127.0.0.1:$(DEMO_PORT)/ (admin: /admin/)"
	@echo "make test    - start PostgreSQL, Redis and the OpenSearch node; run ruff and pytest"
	@echo "make search-node - start a local OpenSearch node on 127.0.0.1:9201"
	@echo "make deploy-up [INSTALLS=5] / deploy-status / deploy-down - local 5-province deployment"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.demo-installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/pip install -q -e '.[celery]'
	touch $@

$(VENV)/.test-installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/pip install -q -e '.[celery,testing]'
	touch $@

var:
	mkdir -p var/mail var/media

demo: $(VENV)/.demo-installed var
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py doeners_demo_data --port $(DEMO_PORT)
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(DEMO_PORT)

services:
	bash .ci/services.sh

search-node:
	bash search-node/run.sh start

# Local multi-province deployment (docs/deployment.md): a 3-node OpenSearch cluster on
# 9221-9223 and INSTALLS (1-5, default 5) province installs on 8101-8105, each with its
# own database, gunicorn, one Celery worker and one beat (DEPLOY_CELERY=0: web only).
INSTALLS ?= 5
deploy-cluster:
	bash search-node/cluster.sh start
	bash deploy/search-cluster-init.sh http://127.0.0.1:9221 doeners

deploy-up: $(VENV)/.test-installed
	test -x $(BIN)/gunicorn || $(BIN)/pip install -q -e '.[production]'
	bash deploy/local.sh up $(INSTALLS)

deploy-down:
	bash deploy/local.sh down

deploy-status:
	bash deploy/local.sh status

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .

test: $(VENV)/.test-installed
	bash .ci/services.sh
	$(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# Campaign sending: BENCH_RECIPIENTS (default 100000) into aiosmtpd with 2 workers.
bench-campaigns: $(VENV)/.test-installed
	bash .ci/services.sh postgres redis
	$(TEST_ENV) $(PY) benchmarks/campaigns_send.py

# Search: rebuild throughput (50k offerings), latency at ~100k docs vs the database
# fallback, publish -> visible in the other province (100 publishes). Data is generated
# once into <DATABASE_URL>_bench_search.
bench-search: $(VENV)/.test-installed
	bash .ci/services.sh postgres opensearch
	$(TEST_ENV) $(PY) benchmarks/search_rebuild.py
	$(TEST_ENV) $(PY) benchmarks/search_latency.py
	$(TEST_ENV) $(PY) benchmarks/search_publish_visible.py

$(VENV)/.bench-installed: $(VENV)/.test-installed setup.cfg
	$(BIN)/pip install -q -e '.[celery,testing,benchmarks]'
	touch $@

# Search API under load: 2 gunicorn workers on the ~100k-document index of bench-search
# (built when missing), locust on loopback stepping the users (BENCH_LOAD_USERS, e.g.
# 2,4,8; default in the script) at 2 requests/s each; reports the highest requests/s with
# p95 < 100 ms and the error rate.
.PHONY: bench-load
bench-load: $(VENV)/.bench-installed
	bash .ci/services.sh postgres opensearch
	$(TEST_ENV) $(PY) benchmarks/search_load.py $(if $(BENCH_LOAD_USERS),--users $(BENCH_LOAD_USERS))

# Evaluation dashboard: metrics and view time at BENCH_EVENTS (default 1M) events.
bench-evaluation: $(VENV)/.test-installed
	bash .ci/services.sh postgres
	$(TEST_ENV) $(PY) benchmarks/evaluation_dashboard.py

# Refresh and compile the nl-BE catalogues (English is the source language). Each
# folder has its own locale/ directory, so makemessages writes into the right one.
messages: $(VENV)/.test-installed
	cd wagtail_doeners && $(DEMO_ENV) PYTHONPATH=.. ../$(PY) ../manage.py makemessages -l nl_BE --no-obsolete
	cd example_site && $(DEMO_ENV) PYTHONPATH=.. ../$(PY) ../manage.py makemessages -l nl_BE --no-obsolete
	cd wagtail_doeners && $(DEMO_ENV) PYTHONPATH=.. ../$(PY) ../manage.py compilemessages -l nl_BE
	cd example_site && $(DEMO_ENV) PYTHONPATH=.. ../$(PY) ../manage.py compilemessages -l nl_BE

clean:
	rm -rf var build *.egg-info
