-- Input images for edits (gpt-image-1 through gateways that take an 'image' field).
ALTER TABLE item ADD COLUMN image TEXT;

-- Native image generation through chat completions is billed per token; Google's list
-- prices for gemini-2.5-flash-image (USD per million tokens).
INSERT INTO token_price (model, kind, usd_per_million) VALUES
	('gemini-2.5-flash-image-generation', 'text_input', 0.30),
	('gemini-2.5-flash-image-generation', 'text_output', 2.50),
	('gemini-2.5-flash-image-generation', 'image_output', 30.00);
