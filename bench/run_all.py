"""Run every benchmark in bench/ (``make bench``); each prints its own ratios to a baseline."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SKIP = {"run_all.py", "common.py", "locustfile.py"}

failed = 0
for script in sorted(HERE.glob("*.py")):
    if script.name in SKIP or script.name.startswith("_"):
        continue
    print(f"== {script.name}", flush=True)
    failed += subprocess.call([sys.executable, str(script)], cwd=HERE) != 0
sys.exit(1 if failed else 0)
