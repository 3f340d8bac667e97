"""Code for the screen: the NumPy (and Keras) code, in the lecture's style, that reproduces what a page shows."""
