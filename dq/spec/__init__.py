"""What a field is: its declaration, allowed values, products, and what a relatie is."""
