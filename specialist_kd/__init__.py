"""specialist_kd: distil rule-based and neural specialist teachers into one small LoRA student.

Stages (each a function and a `skd` subcommand): generate -> build -> train -> eval -> report,
plus `specialize` (train a LoRA specialist that then teaches through vLLM) and `run` (all of them).
Heavy libraries (torch, vllm, peft, trl) are imported inside the functions that need them.
"""

__version__ = "0.1.0"


class SKDError(Exception):
    """Bad user input or an unusable artefact; the CLI prints it as one line and exits 2."""
