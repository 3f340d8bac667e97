"""nnviz: Plotly figures, LaTeX strings and pandas tables as pure functions (never Streamlit)."""
