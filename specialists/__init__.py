"""One file per specialist. Each module registers its class with `specialist_kd.specialist.register`;
files starting with `_` are shared helpers, not specialists."""
