#!/usr/bin/env python
from mukti.__main__ import main

if __name__ == "__main__":
    main()
