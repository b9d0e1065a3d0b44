"""Distillation losses as pure tensor functions (no model, no trainer).

The teacher signal is sparse: its top-k token ids and log-probabilities at every completion position,
as vLLM returns them ("raw" logprobs: the teacher's distribution at temperature 1). The mass outside the
top k is kept as one *tail bucket*, so both distributions are proper distributions over K + 1 outcomes:

    teacher  p_i = exp(l_i) for the top k,   p_tail = 1 - sum_i p_i
    student  q_i = softmax(z / T)_i,         q_tail = 1 - sum_i q_i      (exact, from the full logits)

Temperature on the teacher side: the top-k log-probs are divided by T; the tail is treated as if its
mass were spread evenly over the V - K remaining tokens (the only assumption needed without their
logits), i.e. its log-weight is log(V - K) + (log p_tail - log(V - K)) / T. At T = 1 this is exact, and
when K = V the loss equals `torch.nn.functional.kl_div` on the full distributions.

The divergence between the two bucket distributions is forward KL (the default), reverse KL or GKD's
generalized JSD (`topk_divergence_with_tail`). TRL's GKD implementation is the reference in the tests;
it is not called here because it needs the teacher's full logits and lives in `trl.experimental`.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from specialist_kd.config import DIVERGENCES


def _log1mexp(x: torch.Tensor) -> torch.Tensor:
    """log(1 - exp(x)) for x <= 0, stable at both ends."""
    x = x.clamp(max=-1e-12)
    return torch.where(x > -math.log(2), torch.log(-torch.expm1(x)), torch.log1p(-torch.exp(x)))


def teacher_bucket_logprobs(topk_logprobs: torch.Tensor, vocab_size: int, temperature: float) -> torch.Tensor:
    """Teacher top-k + tail as log-probabilities at `temperature`.

    topk_logprobs (N, K) raw (T = 1) log-probabilities -> (N, K + 1), last column the tail bucket.
    """
    n, k = topk_logprobs.shape
    lp = topk_logprobs.float()
    tail_mass_log = _log1mexp(torch.logsumexp(lp, dim=-1).clamp(max=0.0))  # (N,)
    if vocab_size > k:
        log_m = math.log(vocab_size - k)
        tail = log_m + (tail_mass_log - log_m) / temperature
    else:
        tail = torch.full((n,), -math.inf, dtype=lp.dtype, device=lp.device)
    scaled = torch.cat([lp / temperature, tail[:, None]], dim=-1)
    return torch.log_softmax(scaled, dim=-1)


def student_bucket_logprobs(student_logits: torch.Tensor, topk_ids: torch.Tensor, temperature: float) -> torch.Tensor:
    """student_logits (N, V), topk_ids (N, K) -> (N, K + 1) log-probabilities at `temperature`."""
    logp = torch.log_softmax(student_logits.float() / temperature, dim=-1)
    top = logp.gather(-1, topk_ids.long())
    if topk_ids.shape[-1] >= student_logits.shape[-1]:
        tail = torch.full_like(top[:, :1], -math.inf)
    else:
        tail = _log1mexp(torch.logsumexp(top, dim=-1, keepdim=True).clamp(max=0.0))
    return torch.cat([top, tail], dim=-1)


def _kl(log_a: torch.Tensor, log_b: torch.Tensor) -> torch.Tensor:
    """KL(a || b) over the last dim from log-probabilities; 0 * log 0 = 0 (a bucket a gives no mass adds
    nothing, even where b's is -inf)."""
    a = log_a.exp()
    return torch.where(a > 0, a * (log_a - log_b), torch.zeros_like(a)).sum(-1)


def topk_divergence_with_tail(
    student_logits: torch.Tensor,
    topk_ids: torch.Tensor,
    topk_logprobs: torch.Tensor,
    temperature: float = 1.0,
    divergence: str = "forward_kl",
    beta: float = 0.5,
) -> torch.Tensor:
    """A divergence between teacher_T and student_T over top-k + tail buckets, times T^2 (Hinton et al.).

    divergence: "forward_kl" KL(teacher || student), mean-seeking (Hinton et al.); "reverse_kl"
    KL(student || teacher), mode-seeking (MiniLLM); "jsd" the generalized Jensen-Shannon divergence of
    GKD (Agarwal et al. 2024, eq. 1), beta * KL(teacher || m) + (1 - beta) * KL(student || m) with
    m = beta * teacher + (1 - beta) * student -- TRL's `GKDTrainer.generalized_jsd_loss` convention, which
    the tests check it against (TRL's works on full logits, this one on the K + 1 buckets).

    student_logits (N, V), topk_ids (N, K), topk_logprobs (N, K) -> per-position loss (N,).
    """
    assert student_logits.shape[:-1] == topk_ids.shape[:-1] == topk_logprobs.shape[:-1], "shape mismatch"
    vocab = student_logits.shape[-1]
    t = teacher_bucket_logprobs(topk_logprobs, vocab, temperature)
    s = student_bucket_logprobs(student_logits, topk_ids, temperature)
    if divergence == "forward_kl":
        d = _kl(t, s)
    elif divergence == "reverse_kl":
        d = _kl(s, t)
    elif divergence == "jsd":
        if not 0.0 < beta < 1.0:
            raise ValueError(f"jsd beta={beta} must be in (0, 1) (0 is forward_kl, 1 is reverse_kl)")
        m = torch.logsumexp(torch.stack([t + math.log(beta), s + math.log1p(-beta)]), dim=0)
        d = beta * _kl(t, m) + (1.0 - beta) * _kl(s, m)
    else:
        raise ValueError(f"unknown divergence {divergence!r} (accepted: {', '.join(DIVERGENCES)})")
    return d * temperature**2


def topk_kl_with_tail(
    student_logits: torch.Tensor,
    topk_ids: torch.Tensor,
    topk_logprobs: torch.Tensor,
    temperature: float = 1.0,
) -> torch.Tensor:
    """Forward KL(teacher_T || student_T) over top-k + tail buckets, times T^2 (Hinton et al.).

    student_logits (N, V), topk_ids (N, K), topk_logprobs (N, K) -> per-position loss (N,).
    """
    return topk_divergence_with_tail(student_logits, topk_ids, topk_logprobs, temperature, "forward_kl")


def kd_ce_loss(
    student_logits: torch.Tensor,
    targets: torch.Tensor,
    topk_ids: torch.Tensor,
    topk_logprobs: torch.Tensor,
    has_soft: torch.Tensor,
    weights: torch.Tensor,
    *,
    temperature: float,
    kd_weight: float,
    divergence: str = "forward_kl",
    beta: float = 0.5,
) -> tuple[torch.Tensor, dict[str, float]]:
    """The training loss over completion positions.

    student_logits (N, V) at the positions that predict completion tokens; targets (N,) those tokens;
    topk_ids / topk_logprobs (N, K) the teacher's (ignored where has_soft (N,) is False); weights (N,) the
    record weight of each position. Positions with soft targets get
    kd_weight * T^2 * D + (1 - kd_weight) * CE, D the `divergence` (see `topk_divergence_with_tail`); the
    others get CE only. Returns the weighted mean and the mean CE / D (T^2-scaled) for logging.
    """
    ce = F.cross_entropy(student_logits.float(), targets.long(), reduction="none")
    per_pos = ce.clone()
    div_mean = float("nan")
    if has_soft.any():
        idx = has_soft.nonzero(as_tuple=True)[0]
        div = topk_divergence_with_tail(student_logits[idx], topk_ids[idx], topk_logprobs[idx], temperature,
                                        divergence, beta)
        per_pos[idx] = kd_weight * div + (1.0 - kd_weight) * ce[idx]
        div_mean = float(div.detach().mean())
    w = weights.float()
    loss = (per_pos * w).sum() / w.sum().clamp_min(1e-8)
    return loss, {"ce": float(ce.detach().mean()), "divergence": div_mean}


def temperature_at(step: int, max_steps: int, start: float, end: float, schedule: str) -> float:
    """Distillation temperature at a step: constant, or linear from `start` to `end` at the last step."""
    if schedule == "constant" or max_steps <= 1:
        return start
    if schedule == "linear":
        frac = min(max(step / (max_steps - 1), 0.0), 1.0)
        return start + (end - start) * frac
    raise ValueError(f"unknown temperature schedule {schedule!r} (accepted: constant, linear)")
