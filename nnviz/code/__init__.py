"""Code for the screen: the NumPy code, in the lecture's style, that reproduces what a page shows."""
