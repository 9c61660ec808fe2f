"""Fetching published data (police.uk archives, Home Office tables) into the cache, then the warehouse."""
