"""The judgement: retrieve the nearest records, weigh stance and sources, reach a verdict."""
