from handbook.cli import run

run()
