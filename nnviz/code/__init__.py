"""Code for the screen: NumPy (and Keras) code that reproduces what a page shows."""
