"""Routes: the state graph, its search, the planner and its questions, why there is no route, and suggestions as commands."""
