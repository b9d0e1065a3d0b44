"""Loss properties: zero for identical distributions, equality with kl_div (forward and reverse) and with
TRL's GKD generalized JSD when K = V, T^2 scaling, masks and weights respected, float64 gradient check."""

import math

import pytest
import torch
import torch.nn.functional as F

from specialist_kd.losses import kd_ce_loss, temperature_at, topk_divergence_with_tail, topk_kl_with_tail


def _teacher_topk(logits: torch.Tensor, k: int):
    lp = torch.log_softmax(logits, -1)
    vals, ids = lp.topk(k, dim=-1)
    return ids, vals


def test_zero_for_identical_distributions_topk_with_tail():
    g = torch.Generator().manual_seed(0)
    z = torch.randn(6, 50, generator=g)
    ids, lps = _teacher_topk(z, 5)
    loss = topk_kl_with_tail(z, ids, lps, temperature=1.0)
    assert torch.allclose(loss, torch.zeros(6), atol=1e-6)


def test_equals_kl_div_when_k_is_vocab_at_any_temperature():
    g = torch.Generator().manual_seed(1)
    zs, zt = torch.randn(4, 30, generator=g), torch.randn(4, 30, generator=g)
    ids, lps = _teacher_topk(zt, 30)
    for t in (1.0, 2.0, 0.5):
        ours = topk_kl_with_tail(zs, ids, lps, temperature=t)
        ref = F.kl_div(torch.log_softmax(zs / t, -1), torch.log_softmax(zt / t, -1), log_target=True,
                       reduction="none").sum(-1) * t**2
        assert torch.allclose(ours, ref, atol=1e-5), (t, ours, ref)


def test_tail_bucket_makes_a_coarsened_kl_lower_bound_at_t1():
    g = torch.Generator().manual_seed(2)
    zs, zt = torch.randn(8, 40, generator=g), torch.randn(8, 40, generator=g)
    ids, lps = _teacher_topk(zt, 8)
    ours = topk_kl_with_tail(zs, ids, lps, 1.0)
    full = F.kl_div(torch.log_softmax(zs, -1), torch.log_softmax(zt, -1), log_target=True, reduction="none").sum(-1)
    assert (ours >= -1e-6).all() and (ours <= full + 1e-5).all()  # data processing inequality


def test_t_squared_scaling():
    g = torch.Generator().manual_seed(3)
    zs, zt = torch.randn(3, 20, generator=g), torch.randn(3, 20, generator=g)
    ids, lps = _teacher_topk(zt, 20)
    t = 3.0
    raw = F.kl_div(torch.log_softmax(zs / t, -1), torch.log_softmax(zt / t, -1), log_target=True,
                   reduction="none").sum(-1)
    assert torch.allclose(topk_kl_with_tail(zs, ids, lps, t), raw * 9.0, atol=1e-5)


def test_gradcheck_float64():
    g = torch.Generator().manual_seed(4)
    zs = torch.randn(3, 12, generator=g, dtype=torch.float64, requires_grad=True)
    ids, lps = _teacher_topk(torch.randn(3, 12, generator=g, dtype=torch.float64), 4)

    def f(x):
        from specialist_kd.losses import teacher_bucket_logprobs

        t = teacher_bucket_logprobs(lps.double(), 12, 2.0).double()
        s = torch.cat([torch.log_softmax(x / 2.0, -1).gather(-1, ids)], -1)
        tail = torch.log(-torch.expm1(torch.logsumexp(s, -1, keepdim=True)))
        return (t.exp() * (t - torch.cat([s, tail], -1))).sum()

    assert torch.autograd.gradcheck(f, (zs,))
    # and our implementation's gradient agrees with that reference (it computes in float32)
    x = zs.detach().clone().requires_grad_(True)
    topk_kl_with_tail(x.float(), ids, lps.float(), 2.0).sum().backward()
    y = zs.detach().clone().requires_grad_(True)
    (f(y) * 4.0).backward()
    assert torch.allclose(x.grad, y.grad, atol=1e-4)


def test_kd_ce_loss_masks_and_weights():
    g = torch.Generator().manual_seed(5)
    z = torch.randn(4, 16, generator=g)
    targets = torch.tensor([1, 2, 3, 4])
    ids, lps = _teacher_topk(torch.randn(4, 16, generator=g), 5)
    has_soft = torch.tensor([True, False, True, False])
    w = torch.ones(4)
    loss, parts = kd_ce_loss(z, targets, ids, lps, has_soft, w, temperature=2.0, kd_weight=0.7)
    ce = F.cross_entropy(z, targets, reduction="none")
    kl = topk_kl_with_tail(z[[0, 2]], ids[[0, 2]], lps[[0, 2]], 2.0)
    want = torch.stack([0.7 * kl[0] + 0.3 * ce[0], ce[1], 0.7 * kl[1] + 0.3 * ce[2], ce[3]]).mean()
    assert torch.allclose(loss, want, atol=1e-6)
    # kd_weight 0 -> plain CE; zero weight removes a position entirely
    loss0, _ = kd_ce_loss(z, targets, ids, lps, has_soft, torch.tensor([1.0, 0.0, 0.0, 0.0]),
                          temperature=2.0, kd_weight=0.0)
    assert torch.allclose(loss0, ce[0], atol=1e-6)
    # garbage teacher values at positions without soft targets must not matter
    lps2 = lps.clone()
    lps2[1] = -1e9
    assert torch.allclose(kd_ce_loss(z, targets, ids, lps2, has_soft, w, temperature=2.0, kd_weight=0.7)[0], loss)


def test_temperature_schedule():
    assert temperature_at(0, 10, 2.0, 1.0, "linear") == 2.0
    assert math.isclose(temperature_at(9, 10, 2.0, 1.0, "linear"), 1.0)
    assert 1.0 < temperature_at(5, 10, 2.0, 1.0, "linear") < 2.0
    assert temperature_at(7, 10, 2.0, 1.0, "constant") == 2.0


def test_every_divergence_is_zero_for_identical_distributions_and_positive_otherwise():
    g = torch.Generator().manual_seed(6)
    z, other = torch.randn(6, 50, generator=g), torch.randn(6, 50, generator=g)
    ids, lps = _teacher_topk(z, 5)
    for div in ("forward_kl", "reverse_kl", "jsd"):
        # zero at T = 1 only: above it the teacher's tail is spread evenly (the assumption without its logits)
        same = topk_divergence_with_tail(z, ids, lps, 1.0, div)
        assert torch.allclose(same, torch.zeros(6), atol=1e-6), (div, same)
        for t in (1.0, 2.0):
            assert (topk_divergence_with_tail(other, ids, lps, t, div) > 1e-4).all(), (div, t)


def test_reverse_kl_equals_kl_div_swapped_when_k_is_vocab():
    g = torch.Generator().manual_seed(7)
    zs, zt = torch.randn(4, 30, generator=g), torch.randn(4, 30, generator=g)
    ids, lps = _teacher_topk(zt, 30)
    for t in (1.0, 2.0):
        ours = topk_divergence_with_tail(zs, ids, lps, t, "reverse_kl")
        ref = F.kl_div(torch.log_softmax(zt / t, -1), torch.log_softmax(zs / t, -1), log_target=True,
                       reduction="none").sum(-1) * t**2
        assert torch.allclose(ours, ref, atol=1e-5), (t, ours, ref)


def test_jsd_matches_trl_gkd_generalized_jsd_when_k_is_vocab(monkeypatch):
    monkeypatch.setenv("TRL_EXPERIMENTAL_SILENCE", "1")
    gkd = pytest.importorskip("trl.experimental.gkd", reason="TRL's GKD is the reference implementation")
    g = torch.Generator().manual_seed(8)
    zs, zt = torch.randn(5, 30, generator=g), torch.randn(5, 30, generator=g)
    ids, lps = _teacher_topk(zt, 30)
    for beta in (0.1, 0.5, 0.9):
        for t in (1.0, 2.0):
            ours = topk_divergence_with_tail(zs, ids, lps, t, "jsd", beta)
            ref = gkd.GKDTrainer.generalized_jsd_loss(zs, zt, beta=beta, temperature=t, reduction="none").sum(-1)
            assert torch.allclose(ours, ref * t**2, atol=1e-5), (beta, t, ours, ref)


def test_jsd_is_bounded_by_the_entropy_of_beta():
    # JSD_beta(p, q) <= H(beta) = -beta log beta - (1 - beta) log(1 - beta), reached for disjoint supports
    g = torch.Generator().manual_seed(9)
    zs = torch.randn(64, 40, generator=g) * 8.0
    ids, lps = _teacher_topk(torch.randn(64, 40, generator=g) * 8.0, 6)
    for beta in (0.2, 0.5, 0.8):
        bound = -beta * math.log(beta) - (1 - beta) * math.log(1 - beta)
        d = topk_divergence_with_tail(zs, ids, lps, 1.0, "jsd", beta)
        assert (d >= -1e-6).all() and (d <= bound + 1e-5).all()
        assert d.max() > 0.5 * bound  # sharp, disagreeing distributions come near it


def test_kd_ce_loss_uses_the_chosen_divergence_and_rejects_unknown_ones():
    g = torch.Generator().manual_seed(10)
    z = torch.randn(3, 16, generator=g)
    targets = torch.tensor([1, 2, 3])
    ids, lps = _teacher_topk(torch.randn(3, 16, generator=g), 4)
    soft, w = torch.ones(3, dtype=torch.bool), torch.ones(3)
    ce = F.cross_entropy(z, targets, reduction="none")
    for div, beta in (("forward_kl", 0.5), ("reverse_kl", 0.5), ("jsd", 0.3)):
        loss, parts = kd_ce_loss(z, targets, ids, lps, soft, w, temperature=2.0, kd_weight=0.6,
                                 divergence=div, beta=beta)
        d = topk_divergence_with_tail(z, ids, lps, 2.0, div, beta)
        assert torch.allclose(loss, (0.6 * d + 0.4 * ce).mean(), atol=1e-6)
        assert math.isclose(parts["divergence"], float(d.mean()), rel_tol=1e-5)
    fwd = kd_ce_loss(z, targets, ids, lps, soft, w, temperature=2.0, kd_weight=1.0)[0]
    rev = kd_ce_loss(z, targets, ids, lps, soft, w, temperature=2.0, kd_weight=1.0, divergence="reverse_kl")[0]
    assert not torch.allclose(fwd, rev)
    with pytest.raises(ValueError, match="unknown divergence 'kl'"):
        kd_ce_loss(z, targets, ids, lps, soft, w, temperature=2.0, kd_weight=0.5, divergence="kl")
    with pytest.raises(ValueError, match=r"beta=1.0 must be in \(0, 1\)"):
        topk_divergence_with_tail(z, ids, lps, 1.0, "jsd", 1.0)


def test_each_divergence_trains_the_student_toward_the_teacher():
    g = torch.Generator().manual_seed(11)
    ids, lps = _teacher_topk(torch.randn(4, 20, generator=g) * 3.0, 5)
    for div in ("forward_kl", "reverse_kl", "jsd"):
        z = torch.zeros(4, 20, requires_grad=True)
        opt = torch.optim.SGD([z], lr=2.0)
        first = float(topk_divergence_with_tail(z, ids, lps, 1.0, div).mean().detach())
        for _ in range(100):
            opt.zero_grad()
            topk_divergence_with_tail(z, ids, lps, 1.0, div).mean().backward()
            opt.step()
        last = float(topk_divergence_with_tail(z, ids, lps, 1.0, div).mean().detach())
        assert last < 0.1 * first, (div, first, last)
