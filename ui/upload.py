"""CSV upload: the file widget, limits and column choice, shared by the pages that fit data."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import numpy as np
import streamlit as st

from .messages import error
from .parsing import MAX_UPLOAD_MB, read_csv


@dataclass
class UploadedData:
    """Features and target chosen from an uploaded CSV."""

    X: np.ndarray
    y: np.ndarray
    feature_names: list[str]
    target_name: str
    key: str
    """SHA-256 of the chosen numbers and names, salted per session: equal only for this session's equal data."""


def _digest(X: np.ndarray, y: np.ndarray, names: list[str], target: str) -> str:
    salt = st.session_state.setdefault("_upload_salt", secrets.token_hex(16))
    digest = hashlib.sha256(salt.encode())
    for part in (repr((X.shape, names, target)).encode(), X.tobytes(), y.tobytes()):
        digest.update(part)
    return f"upload:{digest.hexdigest()}"


def csv_upload(key: str, max_features: int | None = None, exact_features: int | None = None) -> UploadedData | None:
    """Upload a CSV, choose feature columns and a target; errors are shown here and None returned."""
    file = st.file_uploader(f"CSV file (header row, numbers only, at most {MAX_UPLOAD_MB} MB)", type=["csv"], key=key)
    if file is None:
        st.info("Upload a CSV to use your own data.")
        return None
    parsed = read_csv(file.getvalue())
    if parsed.frame is None:
        for message in parsed.errors:
            error(message)
        return None
    frame = parsed.frame
    columns = [str(c) for c in frame.columns]
    target = st.selectbox("target column", columns, index=len(columns) - 1, key=f"{key}_target")
    candidates = [c for c in columns if c != target]
    n_default = exact_features or min(max_features or len(candidates), len(candidates))
    features = st.multiselect(
        "feature columns",
        candidates,
        default=candidates[:n_default],
        max_selections=exact_features or max_features,
        key=f"{key}_features",
    )
    if exact_features is not None and len(features) != exact_features:
        error(f"Choose exactly {exact_features} feature column(s) for this network; {len(features)} are chosen.")
        return None
    if not features:
        error("Choose at least one feature column.")
        return None
    X = np.ascontiguousarray(frame[features].to_numpy(dtype=float))
    y = np.ascontiguousarray(frame[[target]].to_numpy(dtype=float))
    return UploadedData(X, y, list(features), target, _digest(X, y, list(features), target))
