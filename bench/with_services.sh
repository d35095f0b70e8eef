#!/usr/bin/env bash
# Run a command with PostgreSQL and Redis: the ones named by DATABASE_URL/REDIS_URL, or a
# throwaway pair started by .ci/services.sh for the duration of the command.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "${DATABASE_URL:-}" == postgres* && -n "${REDIS_URL:-}" ]]; then
    exec "$@"
fi
# shellcheck source=../.ci/services.sh
source .ci/services.sh
trap ci_services_stop EXIT
ci_services_start
export DATABASE_URL REDIS_URL
"$@"
