"""Run every benchmark in bench/ (``make bench``); each prints its own ratios to a baseline."""

import os
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
    if script.name == "roster_import.py" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("== roster_import.py --postgres (the import's COPY path against its floor)", flush=True)
        command = [sys.executable, str(script), "--postgres", os.environ["DATABASE_URL"], "--rows", "100000"]
        failed += subprocess.call(command, cwd=HERE) != 0
sys.exit(1 if failed else 0)
