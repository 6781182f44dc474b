"""One VM: the hardware scale, its .vmx files, the facts they hold, what each hardware version can hold, and what the facts mean for a move."""
