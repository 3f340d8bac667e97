"""services: the cached computations the pages call, decorated once here with Streamlit's own caches.

Pages pass plain values (numbers, strings, tuples) and :class:`services.data.Data` (hashed by its key);
what a run keeps is compact, and every cache is bounded so that the server's memory stays bounded.
"""
